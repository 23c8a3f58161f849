from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation


def root_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """/ goes to the visitor's language, or Finnish."""
    language = translation.get_language_from_request(request) or "fi"
    return HttpResponseRedirect(f"/{language}/")


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {})
