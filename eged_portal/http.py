"""Reading what a request carries, safely: an id typed into a URL or a hidden field may be
anything a client sends."""


def posted_id(value) -> int | None:
    """The id in ``value`` if it is a plain positive number, else None (then nothing of the
    person's is found: 404). ``str.isdigit`` is not enough: «²» is a digit to it, and
    ``int("²")`` fails."""
    if not isinstance(value, str) or not value.isascii() or not value.isdecimal():
        return None
    number = int(value)
    # Beyond a 64-bit key PostgreSQL refuses the query.
    return number if 0 < number < 2**63 else None
