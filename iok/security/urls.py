app_name = "security"

urlpatterns = []
