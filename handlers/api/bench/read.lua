-- wrk script: GET /int/payment/{id} with Basic auth.
wrk.headers["Authorization"] = "Basic " .. os.getenv("AUTH_B64")
