from django.contrib import admin

from .admin_implementation import AwardImplementationMixin
from .models import Award


@admin.register(Award)
class AwardAdmin(AwardImplementationMixin, admin.ModelAdmin):
    list_display = ["application", "call", "amount", "closed_at", "published"]
    actions = ["spending_complete"]

    def get_readonly_fields(self, request, obj=None):
        return self.implementation_fields
