"""URLs of the clinic app: the clinician's worklist and person pages, and the person's sharing choices."""

from django.urls import path

from . import views

app_name = "clinic"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("invite/", views.invite, name="invite"),
    path("people/<id:person_id>/", views.person, name="person"),
    path("people/<id:person_id>/notes/", views.note_add, name="note_add"),
    path("people/<id:person_id>/reviewed/", views.adaptations_reviewed, name="reviewed"),
    path("people/<id:person_id>/photo/<id:photo_id>/", views.photo, name="photo"),
    path("people/<id:person_id>/program/override/", views.program_override, name="override"),
    path("people/<id:person_id>/program/lock/", views.program_lock, name="lock"),
    path("people/<id:person_id>/program/mode/", views.adaptation_mode, name="adaptation_mode"),
    path("people/<id:person_id>/program/decide/", views.adaptation_decide, name="decide"),
    path("people/<id:person_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("people/<id:person_id>/fhir.json", views.fhir_export, name="fhir"),
    path("my-plan.pdf", views.own_plan_pdf, name="own_plan_pdf"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_code, name="join_code"),
    path("sharing/", views.sharing, name="sharing"),
    path("sharing/<id:link_id>/", views.consent_change, name="consent"),
    path("sharing/<id:link_id>/stop/", views.revoke, name="revoke"),
    path("sharing/notes/<id:note_id>/reply/", views.reply, name="reply"),
]
