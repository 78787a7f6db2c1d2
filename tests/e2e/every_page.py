"""Walking every page in one browser page: the portal's pages by following their links
from a start page (one visit per kind of page), the admin's from its registry. Each page
is checked for what the Content Security Policy blocked and, where asked, by axe-core."""

import contextlib
from pathlib import Path
from urllib.parse import urlsplit

from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from playwright.sync_api import Error as PlaywrightError

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

# Pages that are files, or answer only a POST, or end the session: not pages to look at.
NOT_PAGES = {
    "account_logout",
    "accounts:set_language",
    "applications:attachment",
    "applications:call_calendar",
    "applications:call_calendar_step",
    "applications:staff_attachment",
    "grants:contract_download",
    "grants:report_file",
    "grants:staff_contract_scan",
    "grants:staff_contract_version",
    "healthz",
    "mfa_download_recovery_codes",
    "privacy:download",
    "privacy:request_erasure",
    "workshops:certificate",
    "workshops:programme_ics",
    "workshops:programme_pdf",
}

# What the policy reports: "Refused to execute inline event handler…", and the DOM event.
# The admin's own views: reached as lists, forms and objects; or answering only a POST
# (an import's second step).
ADMIN_VIEWS_SEEN_OTHERWISE = (
    "_changelist",
    "_add",
    "_change",
    "_delete",
    "_history",
    "_autocomplete",
    "_process_import",
)

WATCH_POLICY = """
window.__policyViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__policyViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") +
    " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""

SERIOUS_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): " +
         v.nodes.slice(0, 4).map(n => n.target.join(" ")).join(" | "));
}"""


# How far the page scrolls sideways, which element sticks out furthest, and any box
# whose content is wider than the box (Django's list scrolls inside its own box, so the
# right-hand columns hide under the filter panel while the page itself does not scroll).
OVERFLOW = """() => {
  const page = document.scrollingElement;
  const CONTROLS = ['SELECT', 'TEXTAREA', 'INPUT', 'BUTTON'];  // scroll their own text
  let widest = null, right = window.innerWidth, clipped = null;
  for (const el of document.querySelectorAll('#content *')) {
    const r = el.getBoundingClientRect();
    if (r.right > right + 1) { right = r.right; widest = el; }
    const style = getComputedStyle(el);
    if (!clipped && ['auto', 'scroll'].includes(style.overflowX) && !CONTROLS.includes(el.tagName)
        && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) { clipped = el; }
  }
  const describe = (el) => el ? el.outerHTML.slice(0, 120) : null;
  return {scroll: page.scrollWidth, width: window.innerWidth, widest: describe(widest),
          clipped: clipped ? `${clipped.scrollWidth} px in ${clipped.clientWidth} px: `
            + describe(clipped) : null};
}"""


def too_wide(page, path: str, width: int) -> list[str]:
    """What on the page at ``path`` makes it wider than ``width`` or clips its content."""
    measured = page.evaluate(OVERFLOW)
    found = []
    if measured["scroll"] > width:
        found.append(f"{path}: {measured['scroll']} px — {measured['widest']}")
    if measured["clipped"]:
        found.append(f"{path}: {measured['clipped']}")
    return found


def watch(context) -> list[str]:
    """Collect every policy violation the browser reports on any page of ``context``."""
    reports: list[str] = []
    context.add_init_script(WATCH_POLICY)

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            reports.append(f"{message.page.url if message.page else ''}: {text}")

    context.on("console", on_console)
    return reports


def with_axe(context) -> None:
    # An init script is not subject to the page's policy (an added <script> would be).
    context.add_init_script(path=str(AXE))


def kind_of_page(path: str):
    """One key per kind of page: the view and its non-numeric arguments (a section, a
    slug), so /applications/3/idea/ and /applications/4/idea/ are one kind."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name in NOT_PAGES or match.view_name.startswith("admin:"):
        return None
    words = tuple(sorted((k, str(v)) for k, v in match.kwargs.items() if not str(v).isdigit()))
    return (match.view_name, words)


def visit(page, url, problems, axe: bool) -> list[str]:
    """Open ``url``, note what is wrong on it, and return the links it offers."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        problems.append(f"{url}: {error.message.splitlines()[0]}")
        return []
    if response is None or response.status >= 400:
        problems.append(f"{url}: answered {response.status if response else 'nothing'}")
        return []
    for report in page.evaluate("() => window.__policyViolations || []"):
        problems.append(f"{url}: policy violation {report}")
    if axe:
        problems.extend(f"{url}: {finding}" for finding in page.evaluate(SERIOUS_AXE))
    return page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")


def walk_portal(page, base_url, starts, *, axe: bool, limit: int = 80) -> tuple[list, list]:
    """Visit ``starts`` and every kind of portal page reachable from them by links."""
    problems: list[str] = []
    seen_kinds, visited = set(), []
    queue = [base_url + path for path in starts]
    while queue and len(visited) < limit:
        url = queue.pop(0)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != base_url:
            continue
        kind = kind_of_page(parts.path)
        if kind is None or kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        visited.append(target)
        queue.extend(visit(page, base_url + target, problems, axe))
    return visited, problems


def admin_pages(user) -> list[str]:
    """Every model's list and «add» page, one object's page per model, and the admin's
    own pages that need no argument (the selection assistant, review progress, …)."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if not model_admin.has_view_or_change_permission(request):
            continue
        pages.append(reverse(f"{info}_changelist"))
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{info}_add"))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{info}_change", args=[first.pk]))
        for pattern in model_admin.urls:
            name = getattr(pattern, "name", None)
            if name and not name.endswith(ADMIN_VIEWS_SEEN_OTHERWISE):
                # One that needs an argument is reached from its object's page.
                with contextlib.suppress(NoReverseMatch):
                    pages.append(reverse(f"admin:{name}"))
    return list(dict.fromkeys(pages))
