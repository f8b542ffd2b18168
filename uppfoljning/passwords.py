"""A password validator that refuses what attackers guess first in a Swedish office.

Finding 6 of issue 14: "Sommar2026!" and "uppfoljning" were accepted. Such
passwords are a guessable word (a season, a month, the product's or the
municipality's name, a keyboard walk) dressed up with digits and symbols, so
the rule is: take the guessable words away (case-, accent- and leet-blind),
strip the digits and symbols that were left around them, and what remains
must still be a password of its own (at least MIN_REST characters). A
passphrase of unrelated words or a generated password passes untouched.
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError

# Everything is compared folded: lower case, accents off (ö → o, å → a).
GUESSABLE_WORDS = (
    # Seasons, Swedish and English ("var" is vår without its ring).
    "sommar", "vinter", "host", "var", "summer", "winter", "autumn", "spring", "fall",
    # Months, Swedish and English.
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
    "september", "oktober", "november", "december",
    "january", "february", "march", "may", "june", "july", "august", "october",
    # The product, the organisation and the words every first password uses.
    "uppfoljning", "kommun", "socialtjanst", "socialforvaltning", "password", "passord",
    "losenord", "valkommen", "welcome", "admin", "hemlig", "secret",
    # Keyboard walks (Swedish and English layouts).
    "qwertyuiop", "qwerty", "qwertz", "asdfghjkl", "asdfgh", "asdf", "zxcvbnm", "zxcv",
    "qazwsx", "1qaz2wsx",
)  # fmt: skip

# What is left once the guessable words are gone must be at least this long.
MIN_REST = 8

# Leet folding: each letter also matches the digits and symbols that stand in for it.
LEET = {"a": "4@", "e": "3", "i": "1!", "l": "1", "o": "0", "s": "$5", "t": "7"}

# Digits and symbols around what remains are decoration, not strength ("-2026!").
DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def fold(text):
    """Lower case without accents: "Höst" and "HOST" both become "host"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _word_pattern(word):
    parts = []
    for char in word:
        subs = LEET.get(char, "")
        parts.append(f"[{re.escape(char + subs)}]" if subs else re.escape(char))
    return "".join(parts)


def guessable_words():
    """The built-in words plus the municipality's name (and its parts) from settings."""
    words = list(GUESSABLE_WORDS)
    name = fold(getattr(settings, "MUNICIPALITY_NAME", "") or "")
    words += [part for part in re.split(r"[\W\d_]+", name) if len(part) >= 3]
    # Longest first, so "qwertyuiop" goes before "qwerty" leaves "uiop" behind.
    return sorted(set(words), key=len, reverse=True)


def remainder(password):
    """The password folded, with every guessable word and the decoration around it removed."""
    text = fold(password)
    pattern = re.compile("|".join(_word_pattern(word) for word in guessable_words()))
    # Repeat: "sommsommarar" hides a second "sommar" once the first is gone.
    while True:
        shorter = pattern.sub("", text)
        if shorter == text:
            break
        text = shorter
    return DECORATION.sub("", text)


def is_guessable(password):
    """True when the password is little more than words an attacker tries first."""
    return len(remainder(password)) < MIN_REST


class GuessablePasswordValidator:
    """Refuses seasons, months, the product's and municipality's names and keyboard walks."""

    def validate(self, password, user=None):
        if is_guessable(password):
            raise ValidationError(
                "Lösenordet är för lätt att gissa: det bygger på ord som årstider, "
                "månader, kommunens eller systemets namn eller tangentbordsföljder, "
                "med siffror och tecken runt omkring. Välj en lösenfras av flera ord "
                "som inte hör ihop.",
                code="password_guessable",
            )

    def get_help_text(self):
        return (
            "Lösenordet får inte bygga på årstider, månader, kommunens eller systemets "
            "namn eller tangentbordsföljder som qwerty."
        )
