"""Closure periods from what the client rows and their history hold.

Each time a client's history shows her file closed (closed_on set) a period starts; the change that
empties closed_on again (a reopening) ends it, with the date, user and reason of that history row.
A file closed today without a matching history row still gets its open period from the client row.
"""

from typing import Any

from django.db import migrations
from django.utils import timezone

UNRECORDED = "(reden niet vastgelegd)"


def copy_closures(apps: Any, schema_editor: Any) -> None:
    Client = apps.get_model("stapteam", "Client")
    HistoricalClient = apps.get_model("stapteam", "HistoricalClient")
    Closure = apps.get_model("stapteam", "Closure")
    already = set(Closure.objects.values_list("client_id", flat=True))
    for client in Client.objects.exclude(pk__in=already).order_by("pk"):
        rows = HistoricalClient.objects.filter(id=client.pk).order_by("history_date", "history_id")
        current = None
        for row in rows:
            if current is None and row.closed_on is not None:
                current = Closure(
                    client_id=client.pk,
                    closed_on=row.closed_on,
                    outcome=row.outcome or "closed",
                    outcome_region=row.outcome_region,
                    closed_by_id=row.history_user_id,
                )
            elif current is not None and row.closed_on is None:
                current.reopened_on = max(
                    timezone.localtime(row.history_date).date(), current.closed_on
                )
                current.reopened_by_id = row.history_user_id
                current.reopen_reason = (row.history_change_reason or UNRECORDED)[:300]
                current.save()
                current = None
        if client.closed_on is None:
            continue
        if current is None or current.closed_on != client.closed_on:
            current = Closure(client_id=client.pk, closed_by_id=None)
        current.closed_on = client.closed_on
        current.outcome = client.outcome or "closed"
        current.outcome_region = client.outcome_region
        current.save()


class Migration(migrations.Migration):
    dependencies = [
        ("stapteam", "0019_closure_periods"),
    ]

    operations = [
        migrations.RunPython(copy_closures, migrations.RunPython.noop),
    ]
