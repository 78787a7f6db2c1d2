from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import MessageAttachment, OutgoingMessage
from .services import resend_message


class AttachmentInline(admin.TabularInline):
    model = MessageAttachment
    fields = ["filename", "mimetype"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "to_email", "subject", "language", "status", "attempts"]
    list_filter = ["status", "language", "template"]
    search_fields = ["to_email", "subject", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingMessage._meta.fields]
    inlines = [AttachmentInline]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Отправить повторно"), permissions=["change"])
    def resend(self, request, queryset):
        count = 0
        for message in queryset.exclude(status=OutgoingMessage.Status.SENT):
            resend_message(message=message)
            count += 1
        self.message_user(
            request,
            ngettext("%d письмо поставлено в очередь.", "%d писем поставлено в очередь.", count)
            % count,
            messages.SUCCESS,
        )
