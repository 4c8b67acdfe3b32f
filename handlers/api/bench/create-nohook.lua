-- wrk script: POST /int/payment with the seed's example body, without a webhook_url.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("AUTH_B64")
wrk.body = '{"payment_type":"FIXED_AMOUNT","amount":100,"asset_id":"USD","payment_asset_id":"BTC",' ..
  '"payer_email":"name@email.com","payer_name":"Customer name","payer_lang":"en",' ..
  '"description":"The payment for item in store","custom":{"client_id":"9a33c8b0","org_id":3},' ..
  '"success_url":"https://yoursite.com/payment/success",' ..
  '"cancel_url":"https://yoursite.com/payment/fail","timeout":60}'
