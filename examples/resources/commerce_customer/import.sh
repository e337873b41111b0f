# Import an existing Sellercloud customer by its customer id.
terraform import commerce_customer.acme 10001
