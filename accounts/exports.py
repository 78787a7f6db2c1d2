"""Admin lists exported to Excel, on django-import-export.

A list's export is a ``WorkbookResource`` whose ``Field``s say the header (Russian
source text, written in the staff member's language), the kind of value (which decides
its Excel type and format) and whether it is personal data. An admin class adds
``WorkbookExportMixin`` and names its resource; staff then get «Выгрузить в Excel» above
the list (the rows as filtered and searched) and an action for the selected rows.

Rows are read with ``QuerySet.iterator(chunk_size=…)`` — prefetches run once per chunk,
never per row — and streamed into the write-only workbook of ``core.xlsx``.
Personal data columns are left out unless ``accounts.permissions.may_see_personal_data``.

To export a new list (workshop participants, budget lines, …)::

    class ParticipantResource(WorkbookResource):
        full_name = Field("full_name", _("имя и фамилия"), personal=True)
        arrived = Field("arrived_on", _("приезд"), kind=Kind.DATE)

        def prepare(self, queryset):
            return queryset.select_related("coalition")

    class ParticipantAdmin(WorkbookExportMixin, admin.ModelAdmin):
        resource_classes = [ParticipantResource]
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Manager
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportActionMixin
from import_export.formats import base_formats

from core.xlsx import Column, Kind, WorkbookWriter

from . import permissions

__all__ = ["Field", "Kind", "WorkbookExportMixin", "WorkbookResource"]


class Field(fields.Field):
    """A column of an export: ``Field(attribute, header, kind=…, width=…, personal=…)``.

    ``attribute`` follows import-export (``"call__slug"``, a method name such as
    ``"get_status_display"``); a ``dehydrate_<name>`` method on the resource wins over it.
    The exported value is the Python value itself — a date stays a date — so Excel gets
    real types; a related manager becomes the list of its (prefetched) items.
    """

    def __init__(
        self, attribute=None, header=None, *, kind=Kind.TEXT, width=None, personal=False, **kw
    ):
        super().__init__(attribute=attribute, column_name=header, readonly=True, **kw)
        self.kind = kind
        self.width = width
        self.personal = personal

    def export(self, instance, **kwargs):
        value = self.get_value(instance)
        if isinstance(value, Manager):
            return [str(item) for item in value.all()]
        return value

    def column(self) -> Column:
        return Column(force_str(self.column_name), self.kind, self.width)


class WorkbookResource(resources.Resource):
    """One sheet of rows from a queryset (plus any sheets ``write_extra_sheets`` adds)."""

    #: The sheet's name; the model's plural name when left empty.
    sheet_title = None
    #: Rows fetched per query (and per round of prefetches).
    chunk_size = 2000

    def __init__(self, *, user=None, personal_data: bool | None = None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.personal_data = (
            permissions.may_see_personal_data(user) if personal_data is None else personal_data
        )

    def get_export_fields(self, selected_fields=None):
        export_fields = super().get_export_fields(selected_fields)
        if self.personal_data:
            return export_fields
        return [f for f in export_fields if not getattr(f, "personal", False)]

    def prepare(self, queryset):
        """The queryset the rows are read from: add joins, prefetches and annotations."""
        return queryset

    def columns(self) -> list[Column]:
        return [
            field.column() if isinstance(field, Field) else Column(force_str(field.column_name))
            for field in self.get_export_fields()
        ]

    def rows(self, queryset):
        exporters = [self._exporter(field) for field in self.get_export_fields()]
        for instance in self.prepare(queryset).iterator(chunk_size=self.chunk_size):
            yield [export(instance) for export in exporters]

    def _exporter(self, field):
        """What ``export_field`` would call for ``field``, found once per export rather
        than once per cell (import-export finds a field's name by comparing it with
        every field, which compares their translated headers)."""
        name = self.get_field_name(field)
        method = field.get_dehydrate_method(name)
        if not callable(method):
            method = getattr(self, method, None)
        return method if method is not None else field.export

    def get_sheet_title(self, queryset) -> str:
        return force_str(self.sheet_title or queryset.model._meta.verbose_name_plural)

    def write(self, writer: WorkbookWriter, queryset) -> None:
        sheet = writer.sheet(self.get_sheet_title(queryset), self.columns())
        sheet.extend(self.rows(queryset))
        self.write_extra_sheets(writer, queryset)

    def write_extra_sheets(self, writer: WorkbookWriter, queryset) -> None:
        """Further sheets about the same rows (the reviews of exported applications …)."""

    def export_workbook(self, queryset) -> bytes:
        writer = WorkbookWriter()
        try:
            self.write(writer, queryset)
            return writer.to_bytes()
        except BaseException:
            writer.discard()
            raise


class WorkbookExportMixin(ExportActionMixin):
    """«Выгрузить в Excel» above an admin list and for the selected rows, one click each.

    The list's filters, search and the person's queryset (``get_queryset``) decide the
    rows; the resource decides the columns. Anyone who may view the list may export it;
    personal data only where the person's role allows.
    """

    formats = [base_formats.XLSX]
    skip_export_form = True
    skip_export_form_from_action = True
    show_change_form_export = False
    change_form_template = None
    import_export_change_list_template = "admin/eged_portal/change_list_export.html"
    #: The file name's stem (ASCII); the date is added.
    export_filename = None

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        resource_class = self.get_export_resource_classes(request)[0]
        resource = resource_class(**self.get_export_resource_kwargs(request))
        return resource.export_workbook(queryset)

    def get_export_filename(self, request, queryset, file_format):
        stem = self.export_filename or self.model._meta.model_name
        return f"{stem}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "export_admin_action" in actions:
            function, name, _description = actions["export_admin_action"]
            actions[name] = (function, name, _("Выгрузить выбранные в Excel"))
        return actions
