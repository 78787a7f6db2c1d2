from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import ProfileForm
from core.errors import PortalError

from . import services
from .export import personal_data_json
from .forms import ErasureRequestForm
from .models import ErasureRequest


def profile_context(person, erasure_form=None) -> dict:
    """What the profile page shows about the person's data and erasure requests."""
    requests = list(ErasureRequest.objects.filter(person=person)[:5])
    open_request = next((r for r in requests if r.status == ErasureRequest.Status.REQUESTED), None)
    return {
        "erasure_requests": requests,
        "open_erasure_request": open_request,
        "erasure_form": erasure_form or ErasureRequestForm(),
    }


@login_required
def download(request):
    """The signed-in person's own data; there is no id to ask for anyone else's."""
    body = personal_data_json(person=request.user)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="eged-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def request_erasure(request):
    form = ErasureRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_erasure(person=request.user, reason=form.cleaned_data["reason"])
        except PortalError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Запрос на удаление данных получен. Сотрудники программы ответят вам."),
            )
        return redirect(reverse("accounts:profile") + "#personal-data")
    context = {"form": ProfileForm(instance=request.user), "erasure_form": form}
    return render(request, "accounts/profile.html", context)
