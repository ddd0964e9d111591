from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def home(request):
    return render(request, "portal/home.html")


def accessibility(request):
    return render(request, "portal/accessibility.html")
