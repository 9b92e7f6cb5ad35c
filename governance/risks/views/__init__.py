"""The risk register's views: registers and heat maps, one risk and its forms, exports."""
