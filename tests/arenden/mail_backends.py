"""E-mail backends for tests: a mail server that refuses some or all messages."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class RefusingBackend(LocmemBackend):
    """Refuses messages to the addresses in `refused` (all when it is None);
    delivers the rest to mail.outbox like the test backend."""

    refused = None
    attempts = 0  # messages refused so far

    def send_messages(self, messages):
        for message in messages:
            if self.refused is None or set(message.to) & set(self.refused):
                RefusingBackend.attempts += 1
                raise smtplib.SMTPRecipientsRefused({a: (550, b"refused") for a in message.to})
        return super().send_messages(messages)
