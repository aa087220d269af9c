with

source as (

    select * from {{ source('raw', 'reports') }}

),

renamed as (

    select
        report_id,
        source_path,
        source_file,
        file_format,
        size_bytes,
        status,
        error as error_message,
        warnings,
        len(warnings) as warning_count,
        array_to_string(warnings, ' | ') as warnings_text,
        nullif(trim(agency_name), '') as agency_name_printed,
        agency_source,
        report_year,
        year_source,
        try_cast(published_on as date) as published_date,
        published_source,
        template_version,
        template_evidence,
        layout,
        report_scope as report_scope_printed,
        scope_evidence,
        extractor_version,
        status <> 'failed' as is_parsed,

    from source

)

select * from renamed
