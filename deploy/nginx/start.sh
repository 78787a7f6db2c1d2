#!/bin/sh
# Renders portal.conf.template with the environment (only the ${...} names it uses, so
# nginx's own $variables stay) and runs nginx in the foreground.
set -eu
template=/etc/nginx/templates/portal.conf.template
names=$(grep -o '\${[A-Z_]*}' "$template" | sort -u | tr '\n' ' ')
for name in $(echo "$names" | tr -d '${}'); do
    eval "test -n \"\${$name:-}\"" || { echo "proxy: set $name (see docker-compose.yml)" >&2; exit 1; }
done
envsubst "$names" < "$template" > /etc/nginx/sites-enabled/portal.conf
nginx -t -q
exec nginx -g 'daemon off;'
