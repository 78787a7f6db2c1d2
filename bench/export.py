"""Benchmark 3: the Excel export of every application with scores, against openpyxl's
write-only mode writing the same values directly.

Ours: ``ApplicationResource.export_workbook`` as the admin runs it — the «Заявки» sheet
(answers, reviews, mean, bonus, score, rank) and the «Оценки рецензентов» sheet (one row
per review, points per criterion).

Reference: the same cells, read with plain ``values_list`` queries (the answers' lists
aggregated in SQL) and appended as bare values to a write-only workbook: no resource,
no fields, no styles, no type conversion beyond what openpyxl needs. Both are timed with
``time.perf_counter`` and their peak Python memory taken with ``tracemalloc``.
"""

import gc
import io
import statistics
import time
import tracemalloc

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from openpyxl import Workbook

from .pages import SUPERUSER, _user
from .runner import Result, Run, benchmark, check

TIME_LIMIT = 2.5
MEMORY_LIMIT = 1.5


def ours(user) -> bytes:
    from applications.exports import ApplicationResource
    from applications.models import Application

    return ApplicationResource(user=user).export_workbook(Application.objects.all())


def _sample_answers():
    """The answers of the latest version's questions, in its order (one document)."""
    from applications.models import Application

    latest = Application.objects.order_by("-form_version__number", "-pk").first()
    return [latest.answers] if latest else []


def _joined(model, relation: str, expression, order: str):
    return Subquery(
        model.objects.filter(**{relation: OuterRef("pk")})
        .order_by()
        .values(relation)
        .annotate(text=StringAgg(expression, ", ", ordering=order))
        .values("text")
    )


def reference() -> bytes:
    """The same values, straight from the database into a write-only workbook."""
    from applications.exports import PAIR
    from applications.models import Application, JointOrganisation, ProposedAttendee
    from calls.models import KeyTopic, Priority, Stage
    from coalitions.models import Region
    from reviews import scores
    from reviews.models import ReviewAssignment

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Заявки")
    applications = scores.annotate_scores(
        Application.objects.all(), stage=Stage.WORKSHOP, is_pair=PAIR, ranked=False
    ).annotate(
        priorities_text=_joined(Priority, "applications", "title", "number"),
        regions_text=_joined(Region, "applications", "name", "name"),
        topics_text=_joined(KeyTopic, "applications", "title", "number"),
        organisations_text=_joined(JointOrganisation, "application", "name", "position"),
        attendees_text=_joined(ProposedAttendee, "application", "full_name", "position"),
    )
    ranks = scores.places(Application.objects.all(), stage=Stage.WORKSHOP, is_pair=PAIR)
    columns = [
        "pk",
        "call__slug",
        "idea_title",
        "coalition__name",
        "partner__name",
        "coalition__kind",
        "status",
        "version",
        "submitted_at",
        "reviews_done",
        "reviews_assigned",
        "mean_score",
        "pair_bonus_points",
        "score",
        "priorities_text",
        "regions_text",
        "organisations_text",
        "topics_text",
        "attendees_text",
        "answers",
    ]
    # One cell per question of the form (40 in the bench), as the answers document holds it.
    keys = list(dict.fromkeys(key for answers in _sample_answers() for key in answers))
    sheet.append([*columns[:-1], "rank", *keys])
    order = ("call__application_deadline", "call_id", F("score").desc(nulls_last=True), "pk")
    submitted = columns.index("submitted_at")
    for row in applications.order_by(*order).values_list(*columns).iterator(chunk_size=2000):
        row = list(row)
        if row[submitted] is not None:
            row[submitted] = row[submitted].replace(tzinfo=None)
        answers = row.pop()
        cells = [answers.get(key) for key in keys]
        sheet.append(
            [*row, ranks.get(row[0]), *(", ".join(c) if isinstance(c, list) else c for c in cells)]
        )

    reviews = workbook.create_sheet("Оценки рецензентов")
    numbers = range(1, 8)
    of_application = Application.objects.filter(pk=OuterRef("object_id"))
    rows = (
        ReviewAssignment.objects.for_model(Application)
        .filter(stage=Stage.WORKSHOP)
        .annotate(
            idea_title=Subquery(of_application.values("idea_title")),
            coalition_name=Subquery(of_application.values("coalition__name")),
            **{
                f"c{n}": Sum("scores__points", filter=Q(scores__criterion__number=n))
                for n in numbers
            },
            total=Sum(F("scores__points") * F("scores__criterion__weight")),
            n=Count("scores"),
        )
        .order_by("call__application_deadline", "object_id", "reviewer__last_name", "pk")
        .values_list(
            "object_id",
            "call__slug",
            "idea_title",
            "coalition_name",
            "reviewer__email",
            "status",
            *(f"c{n}" for n in numbers),
            "total",
            "recommendation",
            "comment",
            "submitted_at",
        )
    )
    for row in rows.iterator(chunk_size=2000):
        row = list(row)
        if row[-1] is not None:
            row[-1] = row[-1].replace(tzinfo=None)
        reviews.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def measure(function, repeat: int) -> tuple[float, float, int]:
    """Median seconds, median peak MiB (tracemalloc, a separate run each), bytes."""
    times, peaks, size = [], [], 0
    function()  # warm: templates, translations, content types, the database's caches
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        size = len(function())
        times.append(time.perf_counter() - started)
    for _ in range(max(1, repeat // 2)):
        gc.collect()
        tracemalloc.start()
        function()
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    return statistics.median(times), statistics.median(peaks), size


@benchmark("excel export", "3. Excel export of the applications with scores")
def excel_export(run: Run) -> list[Result]:
    from applications.models import Application

    if connection.vendor != "postgresql":
        return [Result("excel export", "export", note="needs PostgreSQL (the reference)")]
    user = _user(SUPERUSER)
    repeat = max(3, run.repeat)
    ref_time, ref_peak, ref_size = measure(reference, repeat)
    our_time, our_peak, our_size = measure(lambda: ours(user), repeat)
    count = Application.objects.count()
    time_row = Result(
        "excel export",
        f"time, {count} applications",
        ours=our_time,
        reference=ref_time,
        unit="s",
        limit=f"≤ {TIME_LIMIT}",
        note=f"files: {our_size / 2**20:.1f} / {ref_size / 2**20:.1f} MiB",
    )
    time_row.passed = check(time_row.ratio, TIME_LIMIT)
    memory_row = Result(
        "excel export",
        "peak Python memory (tracemalloc)",
        ours=our_peak,
        reference=ref_peak,
        unit="MiB",
        limit=f"≤ {MEMORY_LIMIT}",
    )
    memory_row.passed = check(memory_row.ratio, MEMORY_LIMIT)
    return [time_row, memory_row]
