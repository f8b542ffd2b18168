"""What the follow-up pages below learn from the questionnaires (arenden.hooks).

Registered when the app is ready; arenden never imports this layer.
"""
