# Manage three of customer 10001's custom columns; its other columns are
# never sent. Names are Sellercloud's ColumnName, values are text.
resource "commerce_customer" "erp" {
  customer_id = "10001"

  custom_columns = {
    ERP_ID         = "ERP-00001"
    CREDIT_DAYS    = "30"         # Integer
    CONTRACT_START = "2024-05-01" # DateTime: same as "05/01/2024"
    PRICE_TIER     = "GOLD"       # a drop-down: one of its keys
  }
}
