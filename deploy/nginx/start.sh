#!/bin/sh
# Renders portal.conf.template with the environment (only the ${...} names it uses, so
# nginx's own $variables stay) and runs nginx in the foreground. TEMPLATE, OUTPUT and NGINX
# default to the proxy image's paths (tests/portal/test_proxy_config.py runs it elsewhere).
set -eu
template=${TEMPLATE:-/etc/nginx/templates/portal.conf.template}
output=${OUTPUT:-/etc/nginx/sites-enabled/portal.conf}
nginx=${NGINX:-nginx}
names=$(grep -o '\${[A-Z_]*}' "$template" | sort -u | tr '\n' ' ')
for name in $(echo "$names" | tr -d '${}'); do
    eval "test -n \"\${$name:-}\"" || { echo "proxy: set $name (see docker-compose.yml)" >&2; exit 1; }
done
envsubst "$names" < "$template" > "$output"
"$nginx" -t -q
exec "$nginx" -g 'daemon off;'
