# Import a membership by the customer's id and the user's id, joined by "/".
terraform import commerce_connect_customer_user.billing_admin 0f6c2a9e-5b1d-4c3e-8a7f-2d4b6e8f0a1c/usr-7d3f9a21
