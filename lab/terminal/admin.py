from django.contrib import admin

from lab.terminal.models import Workspace


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "visitor", "exercise", "version", "updated")
    list_filter = ("name",)
    search_fields = ("name", "user__username", "visitor")
    exclude = ("state", "undo")      # large JSON: not for reading in a form
