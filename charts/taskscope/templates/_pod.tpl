{{/* The pod of TaskScope: the Deployment's (one replica) or, with sharding.enabled, the StatefulSet's (one pod per
shard, which also gets --total-shards and POD_NAME; its data volume then comes from volumeClaimTemplates). */}}
{{- define "taskscope.podTemplate" -}}
metadata:
  labels:
    {{- include "taskscope.workloadLabels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    # a changed config rolls the pod (the bundle gets the same from the ConfigMap's hashed name)
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "taskscope.serviceAccountName" . }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  {{- with .Values.podSecurityContext }}
  securityContext:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: taskscope
      image: {{ include "taskscope.image" . }}
      {{- with .Values.image.pullPolicy }}
      imagePullPolicy: {{ . }}
      {{- end }}
      args:
        - serve
        - --config
        - /etc/taskscope/taskscope.yaml
        - --data-dir
        - /var/lib/taskscope
        {{- if .Values.sharding.enabled }}
        - --total-shards
        - {{ .Values.sharding.totalShards | int | quote }}
        {{- end }}
        {{- with .Values.extraArgs }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      env:
        - name: JAVA_TOOL_OPTIONS
          value: {{ .Values.javaToolOptions | quote }}
        {{- if .Values.sharding.enabled }}
        # the shard is the ordinal of this pod's name (<fullname>-<n>)
        - name: POD_NAME
          valueFrom:
            fieldRef:
              fieldPath: metadata.name
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        {{- end }}
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - name: http
          containerPort: {{ include "taskscope.port" . }}
      {{- with .Values.readinessProbe }}
      readinessProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.livenessProbe }}
      livenessProbe:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.securityContext }}
      securityContext:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: config
          mountPath: /etc/taskscope
          readOnly: true
        - name: data
          mountPath: /var/lib/taskscope
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: config
      configMap:
        name: {{ include "taskscope.fullname" . }}-config
    {{- if not (and .Values.persistence.enabled .Values.sharding.enabled) }}
    - name: data
      {{- if .Values.persistence.enabled }}
      persistentVolumeClaim:
        claimName: {{ .Values.persistence.existingClaim | default (printf "%s-data" (include "taskscope.fullname" .)) }}
      {{- else }}
      emptyDir: {}
      {{- end }}
    {{- end }}
    {{- /* sharded with persistence: "data" is each shard's claim from the StatefulSet's volumeClaimTemplates */}}
    - name: tmp
      emptyDir: {}
{{- end -}}
