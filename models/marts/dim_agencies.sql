select * from {{ ref('agencies') }}
