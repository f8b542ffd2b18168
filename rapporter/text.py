"""Swedish running text for the documents: counts with their noun, lists with "och"."""


def antal(n, singular, plural):
    """A count with its noun: "1 brist", "2 brister", "0 brister"."""
    return f"{n} {singular if n == 1 else plural}"


def join_och(names):
    """Names in running text: "A, B och C"."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " och " + names[-1]
