#!/usr/bin/env node
// Validates Kubernetes manifests offline against the API schemas of Kubernetes 1.27 that the
// kubernetes-models package ships (compiled JSON-schema validators generated from the
// upstream OpenAPI document), in strict mode: a field the schema does not declare is an
// error, as `kubectl apply` (field validation Strict) makes it.
//   node validate.cjs FILE.yaml...
// A Kustomization is not an API object: it is checked only for listing exactly the other
// files given.
"use strict";

const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const schemaDir = path.join(__dirname, "node_modules", "kubernetes-models", "_schemas");

// "apps/v1" + "Deployment" -> IoK8sApiAppsV1Deployment (the package's schema file names).
function schemaName(apiVersion, kind) {
  const parts = String(apiVersion).split("/");
  const [group, version] = parts.length === 1 ? ["core", parts[0]] : parts;
  const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  return `IoK8sApi${cap(group.split(".")[0])}${cap(version)}${kind}`;
}

// The compiled validators read every property their schema declares (`data.name`) and
// enumerate the keys of maps (labels, resource quantities). Watching those reads through a
// Proxy tells which keys of each object the schema knows; any other key is unknown.
function watch(value, reads, maps) {
  if (value === null || typeof value !== "object") return value;
  return new Proxy(value, {
    get(target, property, receiver) {
      if (typeof property === "string") {
        if (!reads.has(target)) reads.set(target, new Set());
        reads.get(target).add(property);
      }
      return watch(Reflect.get(target, property, receiver), reads, maps);
    },
    ownKeys(target) {
      maps.add(target);
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(value, pointer, reads, maps, out) {
  if (Array.isArray(value)) {
    value.forEach((item, i) => unknownFields(item, `${pointer}/${i}`, reads, maps, out));
    return;
  }
  if (value === null || typeof value !== "object") return;
  const known = reads.get(value) || new Set();
  for (const key of Object.keys(value)) {
    if (!maps.has(value) && !known.has(key)) {
      out.push(`${pointer}/${key}: unknown field`);
      continue;  // Its children are unknown too; one error is enough.
    }
    unknownFields(value[key], `${pointer}/${key}`, reads, maps, out);
  }
}

function validateObject(object) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) {
    return ["not a mapping"];
  }
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    return ["apiVersion and kind are required"];
  }
  const file = path.join(schemaDir, `${schemaName(object.apiVersion, object.kind)}.js`);
  if (!fs.existsSync(file)) return [`no schema for ${object.apiVersion} ${object.kind}`];
  const { validate } = require(file);
  const reads = new WeakMap();
  const maps = new WeakSet();
  const errors = [];
  if (!validate(watch(object, reads, maps))) {
    for (const e of validate.errors) {
      const detail = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : "";
      errors.push(`${e.instancePath || "/"}: ${e.keyword}${detail}`);
    }
  }
  unknownFields(object, "", reads, maps, errors);
  if (!object.metadata || !object.metadata.name) errors.push("/metadata/name: required");
  return errors;
}

function main(files) {
  if (files.length === 0) {
    console.error("usage: validate.cjs FILE.yaml...");
    return 2;
  }
  let failures = 0;
  let count = 0;
  let kustomization = null;
  for (const file of files) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
    docs.forEach((doc, index) => {
      const where = `${file} (document ${index + 1})`;
      if (doc.errors.length > 0) {
        failures++;
        for (const e of doc.errors) console.error(`${where}: ${e.message}`);
        return;
      }
      const object = doc.toJS();
      if (object === null || object === undefined) return;
      if (object.kind === "Kustomization") {
        kustomization = { file, object };
        return;
      }
      count++;
      const errors = validateObject(object);
      const name = `${object.kind || "?"}/${(object.metadata && object.metadata.name) || "?"}`;
      if (errors.length > 0) {
        failures++;
        for (const e of errors) console.error(`${where} ${name}: ${e}`);
      }
    });
  }
  if (kustomization) {
    const dir = path.dirname(kustomization.file);
    const listed = new Set((kustomization.object.resources || []).map((r) => path.join(dir, r)));
    const given = new Set(files.filter((f) => f !== kustomization.file).map((f) => path.normalize(f)));
    for (const f of given) {
      if (!listed.has(f)) {
        failures++;
        console.error(`${kustomization.file}: ${f} is not in resources`);
      }
    }
    for (const f of listed) {
      if (!given.has(f)) {
        failures++;
        console.error(`${kustomization.file}: resource ${f} was not checked (missing?)`);
      }
    }
  }
  console.log(`kubernetes schemas: ${count} objects checked, ${failures} invalid`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
