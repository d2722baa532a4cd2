"""URLs of budgets (flexbudgets and budget reports), under /budgetten/."""

from django.urls import path

from budgets.views import ledger, report

app_name = "budgets"

urlpatterns = [
    path("", ledger.budget_list, name="budget_list"),
    path("<int:pk>/", ledger.budget_detail, name="budget_detail"),
    path("<int:pk>/toekenning/", ledger.grant_create, name="grant_create"),
    path("uitgave/", ledger.expense_create, name="expense_create"),
    path("mijn-uitgaven/", ledger.my_entries, name="my_entries"),
    path("goedkeuren/", ledger.approval_list, name="approval_list"),
    path("boekingen/<int:pk>/goedkeuren/", ledger.entry_approve, name="entry_approve"),
    path("boekingen/<int:pk>/afwijzen/", ledger.entry_refuse, name="entry_refuse"),
    path("boekingen/<int:pk>/terugdraaien/", ledger.entry_reverse, name="entry_reverse"),
    path("boekingen/<int:pk>/bon/", ledger.entry_receipt, name="entry_receipt"),
    path("rapportage/", report.report, name="report"),
    path("rapportage/export/", report.report_export, name="report_export"),
]
