"""An e-mail backend for the worker-kill test: one file per message, each a little slow."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "0.01")))
        return super().send_messages(email_messages)
