from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from cases.selectors import get_case_for_user
from documents import services, storage
from documents.forms import UploadForm
from documents.validation import RejectedFile


def case_documents_view(request, reference):
    case = get_case_for_user(request.user, reference)
    form = UploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                document = services.document_attach(
                    case=case,
                    content=upload.read(),
                    file_name=upload.name,
                    category=form.cleaned_data["category"],
                    description=form.cleaned_data["description"],
                    acting_user=request.user,
                )
            except RejectedFile as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, f"Uploaded {document.file_name}.")
                return redirect("documents:case_documents", reference=case.reference)
        status = 400
    documents = case.documents.select_related("category", "uploaded_by")
    context = {"case": case, "tab": "documents", "form": form}
    context["documents"] = documents
    return render(request, "documents/case_documents.html", context, status=status)


def document_download_view(request, reference, pk):
    case = get_case_for_user(request.user, reference)
    document = case.documents.filter(pk=pk).first()
    if document is None:
        raise Http404("No such document on this case")
    try:
        handle = storage.path_of(document.storage_name).open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing from the store") from None
    services.document_open(document=document, acting_user=request.user)
    response = FileResponse(handle, as_attachment=True, filename=document.file_name)
    response["Content-Type"] = document.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
