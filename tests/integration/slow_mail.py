"""An e-mail backend for the worker-kill test: one file per message, each a little slow."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.01")))
        return super().send_messages(email_messages)


class MarkedSlowFileBackend(SlowFileBackend):
    """Writes the address it is about to send to in ``<EMAIL_FILE_PATH>.sending`` before the
    slow part, so that a test can kill the worker while it is inside a delivery, before
    the hand-off (a kill just after a hand-off, before the database records it, is the one
    moment no mail system can make exactly-once)."""

    def send_messages(self, email_messages):
        marker = f"{os.path.normpath(self.file_path)}.sending"
        with open(marker, "w") as file:
            file.write(",".join(a for m in email_messages for a in m.recipients()))
        return super().send_messages(email_messages)
