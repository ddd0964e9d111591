"""What the tenant's readings page draws: consumption spread over calendar
months (`consumption`), the advances charged for each medium (`advances`),
and the bar chart of the two, as SVG geometry (`bars`)."""
