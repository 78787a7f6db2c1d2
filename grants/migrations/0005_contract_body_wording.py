"""The calls' contract templates that still hold the default wording get its two fixes:
«в рамках программы Программа «…»» named the programme twice, and every cell of the
budget's price and sum columns repeated «сом» under a head that already says it. Wording
staff changed is left as they wrote it."""

from django.db import migrations

REPLACEMENTS = [
    (
        'В рамках программы {{ call.programme|default:"EGED" }} ИПР',
        'В рамках {{ call.programme|default:"EGED"|programme_genitive }} ИПР',
    ),
    (
        '<td class="num">{{ line.unit_cost|som }}</td><td class="num">{{ line.amount|som }}</td>',
        '<td class="num">{{ line.unit_cost|amount }}</td><td class="num">{{ line.amount|amount }}</td>',
    ),
    ('<th class="num">{{ total|som }}</th>', '<th class="num">{{ total|amount }}</th>'),
]


def _replace(apps, pairs):
    SupportTerms = apps.get_model("grants", "SupportTerms")
    for terms in SupportTerms.objects.all():
        body = terms.contract_body
        for old, new in pairs:
            body = body.replace(old, new)
        if body != terms.contract_body:
            SupportTerms.objects.filter(pk=terms.pk).update(contract_body=body)


def forwards(apps, schema_editor):
    _replace(apps, REPLACEMENTS)


def backwards(apps, schema_editor):
    _replace(apps, [(new, old) for old, new in REPLACEMENTS])


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_spending_entry_key")]

    operations = [migrations.RunPython(forwards, backwards)]
