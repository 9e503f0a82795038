"""The whole stack scaled out: app servers and RQ workers on one PostgreSQL and one Redis."""
