"""What staff see before a workshop: the needs of the selected coalitions by key topic,
and who sleeps where each night."""

import datetime as dt
from dataclasses import dataclass, field

from applications.models import Application
from calls.models import Call

from .models import Event, Participant, Speaker


@dataclass
class TopicNeed:
    topic: object
    applicants: int
    selected: int
    wishes: list[dict]
    # The call's speakers on the topic who have not declined.
    speakers: list = field(default_factory=list)

    @property
    def uncovered(self) -> bool:
        """Applicants need the topic and no speaker covers it yet: what planning must fill."""
        return self.applicants > 0 and not self.speakers


def needs_summary(call: Call) -> dict:
    """What applicants asked of the workshop: per key topic, how many coalitions need it
    (all applicants and selected ones), and the guest-speaker wishes grouped by topic."""
    applied = Application.objects.filter(call=call).exclude(
        status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN]
    )
    applications = list(
        applied.select_related("coalition", "partner").prefetch_related("key_topics")
    )
    needs = {
        topic.pk: TopicNeed(topic=topic, applicants=0, selected=0, wishes=[])
        for topic in call.key_topics.all()
    }
    without_topic = []
    for application in applications:
        selected = application.status == Application.Status.SELECTED
        wish = str(application.answers.get("speaker_wishes") or "").strip()
        entry = {"applicants": application.applicants, "text": wish, "selected": selected}
        topics = list(application.key_topics.all())
        for topic in topics:
            need = needs[topic.pk]
            need.applicants += 1
            need.selected += selected
            if wish:
                need.wishes.append(entry)
        if wish and not topics:
            without_topic.append(entry)
    speakers = Speaker.objects.filter(call=call, key_topic__isnull=False).exclude(
        status=Speaker.Status.DECLINED
    )
    for speaker in speakers.order_by("name"):
        if speaker.key_topic_id in needs:
            needs[speaker.key_topic_id].speakers.append(speaker)
    for need in needs.values():
        need.wishes.sort(key=lambda wish: not wish["selected"])  # selected coalitions first
    # Needed topics without a speaker first, then by how many coalitions need them.
    rows = sorted(
        needs.values(),
        key=lambda n: (not n.uncovered, -n.selected, -n.applicants, n.topic.number),
    )
    return {"topics": rows, "without_topic": without_topic, "applications": len(applications)}


def accommodation_by_night(event: Event) -> list[tuple[dt.date, list[Participant]]]:
    participants = list(event.participants.select_related("coalition"))
    return [(night, [p for p in participants if night in p.night_dates]) for night in event.nights]
