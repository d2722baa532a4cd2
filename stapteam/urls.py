"""Root URLs of STAP; each app brings its own under its namespace."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from stapteam.platform.login_security import second_factor_not_required
from stapteam.platform.submissions import submission_key_not_required
from stapteam.views.caseload import clients, contacts, escalations, lists, plans
from stapteam.views.platform import (
    access_log,
    accounts,
    beheer,
    health,
    history,
    login_steps,
    notifications,
    report_snapshots,
    reports,
    retention,
    subject_access,
)

# The care subject-access requests, for the generic pages of views/platform/subject_access.py.
CARE_REQUESTS = {"kind": subject_access.CARE}

app_patterns = (
    [
        path("", accounts.home, name="home"),
        path(
            "inloggen/",
            submission_key_not_required("no one is logged in yet; axes counts every try")(
                accounts.LoginView.as_view()
            ),
            name="login",
        ),
        # Logging out needs no second factor: a user may stop halfway through logging in.
        path(
            "uitloggen/",
            submission_key_not_required("ends the session; sending it twice changes nothing")(
                second_factor_not_required(auth_views.LogoutView.as_view())
            ),
            name="logout",
        ),
        path("inloggen/code/", login_steps.otp_verify, name="otp_verify"),
        path("inloggen/app-instellen/", login_steps.otp_enrol, name="otp_enrol"),
        path("tweestapsverificatie/", login_steps.otp_change, name="otp_change"),
        path("bevestig-identiteit/", login_steps.reauthenticate, name="reauthenticate"),
        path("sessie/verlengen/", login_steps.session_keepalive, name="session_keepalive"),
        # For the service manager, the proxy and the smoke test: no login, no data.
        path("health/live/", health.health_live, name="health_live"),
        path("health/ready/", health.health_ready, name="health_ready"),
        path("meldingen/", notifications.notification_list, name="notification_list"),
        path(
            "meldingen/<int:pk>/gelezen/",
            notifications.notification_read,
            name="notification_read",
        ),
        path(
            "meldingen/alles-gelezen/",
            notifications.notification_read_all,
            name="notification_read_all",
        ),
        path(
            "meldingen/instellingen/",
            notifications.notification_settings,
            name="notification_settings",
        ),
        path("gebruikers/", accounts.user_list, name="user_list"),
        path("gebruikers/nieuw/", accounts.user_create, name="user_create"),
        path("gebruikers/<int:pk>/wijzigen/", accounts.user_edit, name="user_edit"),
        path("gebruikers/<int:pk>/historie/", accounts.user_history, name="user_history"),
        path(
            "gebruikers/<int:pk>/toegangslog/", access_log.access_log_user, name="access_log_user"
        ),
        path("gebruikers/<int:pk>/deblokkeren/", accounts.user_unlock, name="user_unlock"),
        path(
            "gebruikers/geblokkeerde-adressen/",
            accounts.blocked_address_list,
            name="blocked_address_list",
        ),
        path(
            "gebruikers/geblokkeerde-adressen/deblokkeren/",
            accounts.address_unlock,
            name="address_unlock",
        ),
        path(
            "gebruikers/<int:pk>/tweede-stap-resetten/",
            accounts.user_reset_second_factor,
            name="user_reset_second_factor",
        ),
        # STAP's own beheer pages (stapteam/platform/beheer.py)
        path("rapportage/", reports.report, name="report"),
        path("rapportage/export/", reports.report_export, name="report_export"),
        path(
            "rapportage/vastleggen/",
            report_snapshots.report_snapshot_create,
            name="report_snapshot_create",
        ),
        path(
            "rapportage/vastgelegd/",
            report_snapshots.report_snapshot_list,
            name="report_snapshot_list",
        ),
        path(
            "rapportage/vastgelegd/<int:pk>/",
            report_snapshots.report_snapshot_detail,
            name="report_snapshot_detail",
        ),
        path(
            "rapportage/vastgelegd/<int:pk>/bestand/",
            report_snapshots.report_snapshot_download,
            name="report_snapshot_download",
        ),
        path("instellingen/", beheer.beheer_index, name="beheer_index"),
        path(
            "instellingen/vernietigingsregister/",
            retention.destruction_register,
            name="destruction_register",
        ),
        path("instellingen/<slug:kind>/", beheer.beheer_list, name="beheer_list"),
        path("instellingen/<slug:kind>/nieuw/", beheer.beheer_create, name="beheer_create"),
        path(
            "instellingen/<slug:kind>/instellen/",
            beheer.beheer_edit_single,
            name="beheer_edit_single",
        ),
        path("instellingen/<slug:kind>/<int:pk>/", beheer.beheer_edit, name="beheer_edit"),
        path(
            "instellingen/<slug:kind>/<int:pk>/verwijderen/",
            beheer.beheer_delete,
            name="beheer_delete",
        ),
        path(
            "instellingen/<slug:kind>/<int:pk>/historie/",
            beheer.beheer_history,
            name="beheer_history",
        ),
        # Caseload
        path("mijn-caseload/", lists.my_caseload, name="my_caseload"),
        path("clienten/", lists.client_list, name="client_list"),
        path("clienten/nieuw/", clients.client_create, name="client_create"),
        path("clienten/<int:pk>/", clients.client_detail, name="client_detail"),
        path("clienten/<int:pk>/wijzigen/", clients.client_edit, name="client_edit"),
        path("clienten/<int:pk>/inzage/", clients.client_access, name="client_access"),
        path("clienten/<int:pk>/historie/", clients.client_history, name="client_history"),
        path("historie/<slug:kind>/<int:pk>/", history.history, name="history"),
        path(
            "clienten/<int:pk>/toegangslog/", access_log.access_log_client, name="access_log_client"
        ),
        path("toegangslog/", access_log.access_log_list, name="access_log_list"),
        path("toegangslog/export/", access_log.access_log_export, name="access_log_export"),
        path(
            "toegangslog/inzage-met-reden/",
            access_log.access_log_reasons,
            name="access_log_reasons",
        ),
        path("clienten/<int:pk>/toewijzen/", lists.client_assign, name="client_assign"),
        path("clienten/<int:pk>/overdragen/", lists.client_reassign, name="client_reassign"),
        path(
            "clienten/<int:pk>/ervaringsdeskundige/",
            lists.client_peer_link,
            name="client_peer_link",
        ),
        path("clienten/<int:pk>/afsluiten/", clients.client_close, name="client_close"),
        path("clienten/<int:pk>/heropenen/", clients.client_reopen, name="client_reopen"),
        # Contacts
        path("contact/nieuw/", contacts.contact_create, name="contact_create"),
        path("contact/<int:pk>/corrigeren/", contacts.contact_edit, name="contact_edit"),
        # Plan
        path("clienten/<int:pk>/doelen/nieuw/", plans.goal_create, name="goal_create"),
        path("doelen/<int:pk>/wijzigen/", plans.goal_edit, name="goal_edit"),
        path("clienten/<int:pk>/zrm/", plans.zrm_overview, name="zrm_overview"),
        path("clienten/<int:pk>/zrm/nieuw/", plans.zrm_create, name="zrm_create"),
        path("zrm-metingen/<int:pk>/", plans.zrm_detail, name="zrm_detail"),
        path(
            "clienten/<int:pk>/trajecten/nieuw/", plans.trajectory_create, name="trajectory_create"
        ),
        path("trajecten/<int:pk>/wijzigen/", plans.trajectory_edit, name="trajectory_edit"),
        # Escalation
        path(
            "clienten/<int:pk>/opschalen/", escalations.escalation_create, name="escalation_create"
        ),
        path("procesregie/", escalations.escalation_list, name="escalation_list"),
        path("procesregie/monitoring/", escalations.monitoring_list, name="monitoring_list"),
        path(
            "procesregie/monitoring/<int:pk>/starten/",
            escalations.monitoring_start,
            name="monitoring_start",
        ),
        path(
            "procesregie/monitoring/<int:pk>/stoppen/",
            escalations.monitoring_end,
            name="monitoring_end",
        ),
        path("procesregie/<int:pk>/", escalations.escalation_detail, name="escalation_detail"),
        path(
            "procesregie/<int:pk>/in-behandeling/",
            escalations.escalation_acknowledge,
            name="escalation_acknowledge",
        ),
        path(
            "procesregie/<int:pk>/afspraak/",
            escalations.escalation_action_create,
            name="escalation_action_create",
        ),
        path(
            "procesregie/<int:pk>/afsluiten/", escalations.escalation_close, name="escalation_close"
        ),
        # Subject access (AVG art. 15) to care data
        path(
            "inzageverzoeken/",
            subject_access.subject_access_list,
            CARE_REQUESTS,
            name="subject_access_list",
        ),
        path(
            "inzageverzoeken/nieuw/",
            subject_access.subject_access_create,
            CARE_REQUESTS,
            name="subject_access_create",
        ),
        path(
            "inzageverzoeken/<int:pk>/",
            subject_access.subject_access_detail,
            CARE_REQUESTS,
            name="subject_access_detail",
        ),
        path(
            "inzageverzoeken/<int:pk>/weglakken/",
            subject_access.subject_access_redact,
            CARE_REQUESTS,
            name="subject_access_redact",
        ),
        path(
            "inzageverzoeken/<int:pk>/export/",
            subject_access.subject_access_export,
            CARE_REQUESTS,
            name="subject_access_export",
        ),
    ],
    "stapteam",
)

admin.site.site_header = _("STAP beheer")
admin.site.site_title = _("STAP beheer")
admin.site.index_title = _("Beheer")

urlpatterns = [
    # The admin has no login page of its own: everyone logs in through STAP's login.
    path("beheer/login/", accounts.admin_login),
    path("beheer/", admin.site.urls),
    path("registraties/", include("registrations.urls")),
    path("time-out/", include("timeout.urls")),
    path("budgetten/", include("budgets.urls")),
    path("", include(app_patterns)),
]
