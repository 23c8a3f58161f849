from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """The organisation whose site this is, for the page frame."""
    return {"organisation": getattr(request, "organisation", None)}
