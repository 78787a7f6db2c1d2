from django.contrib import admin

from .models import Coalition


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "network_type", "created_at"]
    list_filter = ["kind", "network_type"]
    search_fields = ["name"]
