"""Every admin page reads at 1366 px, a staff laptop's width, without sideways scrolling:
each model's list and one change page, as a superuser, on the demo programme."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 1366

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


def admin_pages():
    """Each registered model's list and the change page of its first object."""
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        first = model._default_manager.first()
        if first is not None:
            yield reverse("admin:{}_{}_change".format(*info), args=[first.pk])


@pytest.mark.parametrize("language", ["ru", "ky"])  # Kyrgyz words run longer
def test_every_admin_page_fits_1366_px(browser, live_server, language):
    call_command("load_demo", verbosity=0)
    root = User.objects.filter(is_superuser=True).first()
    User.objects.filter(pk=root.pk).update(language=language)
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 900}, locale=language, timezone_id="Asia/Bishkek"
    )
    sign_in(context, live_server, root)
    page = context.new_page()
    page.goto(live_server.url + "/admin/")
    assert page.locator("html").get_attribute("lang") == language
    too_wide = []
    for path in admin_pages():
        response = page.goto(live_server.url + path)
        if response.status != 200:
            continue  # a list that needs a filter, a page the model does not have
        measured = page.evaluate(OVERFLOW)
        if measured["scroll"] > measured["width"]:
            too_wide.append(f"{path}: {measured['scroll']} px — {measured['widest']}")
        if measured["clipped"]:
            too_wide.append(f"{path}: {measured['clipped']}")
    context.close()
    assert too_wide == [], "\n".join(too_wide)
