from django import forms
from django.conf import settings

from lookups.fields import LookupChoiceField
from lookups.models import ValueList


class UploadForm(forms.Form):
    file = forms.FileField(error_messages={"required": "Choose a file to upload."})
    category = LookupChoiceField(ValueList.DOCUMENT_CATEGORY)
    description = forms.CharField(max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.DOCUMENT_MAX_BYTES:
            limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(f"The file is larger than the {limit} MB limit.")
        return upload
