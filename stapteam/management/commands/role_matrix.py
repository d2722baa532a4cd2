"""Print the permission matrix of roles.py as the Markdown table that docs/roles.md shows."""

from typing import Any

from django.core.management.base import BaseCommand

from stapteam.platform.roles import permission_matrix_markdown


class Command(BaseCommand):
    help = "Print the permission matrix of stapteam/platform/roles.py as a Markdown table."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(permission_matrix_markdown(), ending="")
