"""SIG workspaces, protocols and the variation dashboard, mounted at /sigs/."""

from .views import adoption, protocols, workspace

app_name = "sigs"

urlpatterns = workspace.urlpatterns + protocols.urlpatterns + adoption.urlpatterns
