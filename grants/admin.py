"""The grants desk in the admin: requests with their reviews and scores, awards within the
budget (shown as a bar on every page), the selection assistant, contracts and their terms.
Each topic has its module; importing them registers their admins."""

from . import (  # noqa: F401 — each module registers its admins
    admin_awards,
    admin_contracts,
    admin_costs,
    admin_support,
)
