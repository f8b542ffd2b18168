from django.urls import path

from rapporter import views

app_name = "rapporter"

urlpatterns = [
    path("", views.index, name="index"),
    path("ny/<str:dokumenttyp>/", views.create, name="create"),
    path("arsrapport/<int:ar>/", views.arsrapport_detail, name="arsrapport"),
    path("urval/export/", views.urval_export, name="urval_export"),
    path("plan/<int:ar>/", views.plan_detail, name="plan"),
    path("<str:dokumenttyp>/<int:ar>/redigera/", views.edit, name="edit"),
    path("<str:dokumenttyp>/<int:ar>/utkast/", views.draft, name="draft"),
    path("<str:dokumenttyp>/<int:ar>/forhandsgranska/", views.preview, name="preview"),
    path("<str:dokumenttyp>/<int:ar>/bestall/<str:typ>/", views.order, name="order"),
    path("jobb/<int:pk>/", views.job, name="jobb"),
    path("jobb/<int:pk>/pdf/", views.job_pdf, name="jobb_pdf"),
    path("version/<int:pk>/", views.version_pdf, name="version"),
]
