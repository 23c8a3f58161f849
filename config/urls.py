from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from strategia.core.views import bench_trivial, healthz
from strategia.public.views import root_redirect

urlpatterns = [
    path("", root_redirect, name="root"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("strategia.api.urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("tyotila/ymparisto/", include("strategia.ems.urls")),
    path("tyotila/raportit/", include("strategia.reports.urls")),
    path("tyotila/talous/", include("strategia.budget.urls")),
    path("tyotila/", include("strategia.monitoring.urls")),
    path("reports/", include("strategia.reports.urls_public")),
    path("indicators/", include("strategia.indicators.urls")),
    path("tyotila/paatokset/", include("strategia.assessments.urls")),
    path("decisions/", include("strategia.assessments.public_urls")),
    path("environment/", include("strategia.ems.public_urls")),
    path("", include("strategia.accounts.urls")),
    path("", include("strategia.public.urls")),
    prefix_default_language=True,
)

if settings.BENCH_TRIVIAL_PAGE:
    urlpatterns.append(path("bench/trivial/", bench_trivial, name="bench_trivial"))

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
