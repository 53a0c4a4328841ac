{{/* Name of the chart, or nameOverride. */}}
{{- define "taskscope.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Object names: the release name when it already contains the chart name (release "taskscope" gives the names
of the kustomize bundle), else <release>-<chart>. */}}
{{- define "taskscope.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Helm's bookkeeping labels, on every object (the tests strip exactly these before comparing with kustomize). */}}
{{- define "taskscope.helmLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
{{- end -}}

{{/* Labels of every object: the bundle's part-of plus Helm's. */}}
{{- define "taskscope.labels" -}}
app.kubernetes.io/part-of: taskscope
{{ include "taskscope.helmLabels" . }}
{{- end -}}

{{/* Pod selector: the bundle's labels plus the release, so two releases in one namespace select their own pods. */}}
{{- define "taskscope.selectorLabels" -}}
app.kubernetes.io/name: {{ include "taskscope.name" . }}
app.kubernetes.io/part-of: taskscope
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of the Deployment, its pods and Services. */}}
{{- define "taskscope.workloadLabels" -}}
app.kubernetes.io/name: {{ include "taskscope.name" . }}
{{ include "taskscope.labels" . }}
{{- end -}}

{{- define "taskscope.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "taskscope.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "taskscope.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The port TaskScope listens on: config.listen.port. */}}
{{- define "taskscope.port" -}}
{{- dig "listen" "port" 9470 .Values.config -}}
{{- end -}}
