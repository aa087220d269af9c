select * from {{ ref('template_items') }}
