from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from lookups import services
from lookups.forms import LookupValueCreateForm, LookupValueForm
from lookups.models import LookupValue, ValueList


@permission_required("accounts.manage_settings", raise_exception=True)
def value_list_index_view(request):
    counts = dict(LookupValue.objects.values_list("value_list").annotate(n=Count("id")))
    lists = [(key, label, counts.get(key, 0)) for key, label in ValueList.choices]
    return render(request, "lookups/index.html", {"lists": lists})


@permission_required("accounts.manage_settings", raise_exception=True)
def value_list_view(request, value_list):
    if value_list not in ValueList.values:
        raise Http404("No such value list")
    form = LookupValueCreateForm(request.POST if request.method == "POST" else None, value_list=value_list)
    if request.method == "POST" and form.is_valid():
        value = form.save()
        messages.success(request, f"Added “{value.label}”.")
        return redirect("lookups:list", value_list=value_list)
    context = {
        "value_list": value_list,
        "title": ValueList(value_list).label,
        "values": LookupValue.objects.of(value_list),
        "form": form,
    }
    return render(request, "lookups/list.html", context)


@permission_required("accounts.manage_settings", raise_exception=True)
def value_edit_view(request, pk):
    value = get_object_or_404(LookupValue, pk=pk)
    form = LookupValueForm(request.POST if request.method == "POST" else None, instance=value)
    if request.method == "POST" and form.is_valid():
        services.lookup_value_save(value=value, **form.cleaned_data)
        messages.success(request, f"Saved “{value.label}”.")
        return redirect("lookups:list", value_list=value.value_list)
    return render(request, "lookups/edit.html", {"form": form, "value": value})
