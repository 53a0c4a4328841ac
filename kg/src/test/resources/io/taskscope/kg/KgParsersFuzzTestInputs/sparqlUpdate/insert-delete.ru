PREFIX glc: <https://glaciation-project.eu/MetadataReference/Glaciation#>
INSERT DATA { GRAPH <urn:g> { <urn:a> glc:hasID "x" } } ;
DELETE WHERE { GRAPH <urn:g> { ?s glc:old ?o } }