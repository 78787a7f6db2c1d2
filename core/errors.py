"""The one error a rule of the programme raises: its message is for the person who acted.

Services raise ``PortalError(_("…"))`` in the reader's language; views show
``error.message`` (or ``str(error)``) as a form error or a message, and the admin as an
error banner. Nothing is written when it is raised inside a transaction.
"""


class PortalError(Exception):
    """A rule said no; ``message`` (also ``str(error)``) tells the person why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
