app_name = "meters"

urlpatterns = []
