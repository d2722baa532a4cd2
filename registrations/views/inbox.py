"""The registration mailbox for the secretariat: unprocessed mail, upload, turn mail into work."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registrations import mail as mailbox
from registrations import services
from registrations.access import get_attachment_for, get_mail_for
from registrations.forms import DismissMailForm, LinkMailForm, MailUploadForm, RequestForm
from registrations.models import InboundMail, RegistrationRequest
from registrations.views.requests import create_request_from
from stapteam.access import AuthenticatedRequest

# The mail page shows this much of the text; the whole message is its .eml download.
BODY_SHOWN = 20_000

# Words in a subject that hint at the kind of request (the secretariat checks the guess).
KIND_HINTS = [
    (r"stop|beëindig|beeindig|afmeld|uitschrijv", RegistrationRequest.Kind.STOP),
    (r"adres|wijzig|telefoon|verhuis", RegistrationRequest.Kind.CHANGE),
    (r"aanvraag|aanmeld|registratie|inschrijv|pas\b", RegistrationRequest.Kind.APPLICATION),
]


def guess_kind(subject: str) -> str:
    for pattern, kind in KIND_HINTS:
        if re.search(pattern, subject, re.IGNORECASE):
            return kind
    return RegistrationRequest.Kind.QUESTION


def prefill_from(mail: InboundMail) -> dict[str, object]:
    """What the mail tells us: kind, date, channel, and the sender's name and address."""
    name, _sep, address = mail.sender.rpartition("<")
    name = name.strip().strip('"')
    address = address.rstrip(">").strip() if "@" in address else ""
    received = timezone.localtime(mail.sent_at).date() if mail.sent_at else None
    return {
        "kind": guess_kind(mail.subject),
        "received_on": received or timezone.localtime(mail.received_at).date(),
        "channel": RegistrationRequest.Channel.MAIL,
        "name": name,
        "email": address,
        "summary": mail.subject,
    }


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    return _inbox_page(request)


def _inbox_page(
    request: AuthenticatedRequest, upload_form: MailUploadForm | None = None
) -> HttpResponse:
    """The inbox; after a refused upload, with the form and its error."""
    new = InboundMail.objects.filter(state=InboundMail.State.NEW).prefetch_related("attachments")
    recent = (
        InboundMail.objects.exclude(state=InboundMail.State.NEW)
        .select_related("request__person")
        .order_by("-received_at")[:20]
    )
    context = {"new_mails": new, "recent": recent, "upload_form": upload_form or MailUploadForm()}
    return render(request, "registrations/inbox.html", context)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def mail_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = MailUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _inbox_page(request, upload_form=form)
    upload = form.cleaned_data["file"]
    data = upload.read()
    if upload.name.lower().endswith(".msg"):
        mail, created = mailbox.store_msg_file(data)
    else:
        mail, created = mailbox.store_message(data, source=InboundMail.Source.UPLOAD)
    if created:
        messages.success(request, _("E-mail toegevoegd aan de post."))
    else:
        messages.info(request, _("Deze e-mail stond al in de post; er is niets dubbel opgeslagen."))
    return redirect("registrations:mail_detail", pk=mail.pk)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def mail_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One mail; "new request from this mail" is the form here, prefilled from the mail."""
    mail = get_mail_for(request.user, pk, action="view")
    form = RequestForm(request.POST or None, initial=prefill_from(mail))
    if request.method == "POST" and mail.state == InboundMail.State.NEW and form.is_valid():
        try:
            created = create_request_from(form, owner=request.user, mail=mail)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Aanvraag aangemaakt uit deze e-mail."))
            return redirect("registrations:request_detail", pk=created.pk)
    return _mail_page(request, mail, form=form)


def _mail_page(request: AuthenticatedRequest, mail: InboundMail, **forms: Any) -> HttpResponse:
    """One mail with its three forms; a refused one comes back as she sent it (`forms`)."""
    context = {
        "mail": mail,
        "body_shown": mail.body_text[:BODY_SHOWN],
        "body_length": len(mail.body_text),
        "body_cut": len(mail.body_text) > BODY_SHOWN,
        "form": RequestForm(initial=prefill_from(mail)),
        "link_form": LinkMailForm(),
        "dismiss_form": DismissMailForm(),
        "attachments": mail.attachments.all(),
        **forms,
    }
    return render(request, "registrations/mail_detail.html", context)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def mail_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mail = get_mail_for(request.user, pk, action="handle")
    form = LinkMailForm(request.POST)
    if form.is_valid():
        try:
            services.link_mail(mail=mail, request=form.cleaned_data["request"], by=request.user)
        except ValidationError as error:  # the mail moved on: the form may be gone
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("E-mail toegevoegd aan de aanvraag."))
            return redirect("registrations:request_detail", pk=form.cleaned_data["request"].pk)
    return _mail_page(request, mail, link_form=form)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
@require_POST
def mail_dismiss(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mail = get_mail_for(request.user, pk, action="handle")
    form = DismissMailForm(request.POST)
    if form.is_valid():
        try:
            services.dismiss_mail(mail=mail, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:  # the mail moved on: the form may be gone
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("E-mail als niet relevant afgehandeld."))
            return redirect("registrations:inbox")
    return _mail_page(request, mail, dismiss_form=form)


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def attachment_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    attachment = get_attachment_for(request.user, pk, action="view")
    if not attachment.file:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.download_name()
    )


@login_required
@permission_required("registrations.handle_requests", raise_exception=True)
def mail_message_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The original message as it came, under a neutral name ("bericht-12.eml")."""
    mail = get_mail_for(request.user, pk, action="view")
    if not mail.raw_message:
        raise Http404
    response = FileResponse(
        mail.raw_message.open("rb"),
        as_attachment=True,
        filename=mail.message_download_name(),
        content_type="application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    return response
