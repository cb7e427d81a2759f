"""Consistency check for labels.json: every phrase is an exact substring of exactly one line of its file,
25-120 chars, not shared with another labelled item; topic/expert/gap keys are valid; aligned_by is in a later note."""
import json,os,re,sys
base=os.path.dirname(os.path.abspath(__file__))
L=json.load(open(f"{base}/labels.json"))
# QAA topic keys of the domain brief (/work/shared/domain/README.md)
KEYS="""scope_parties_sites term_amendment_precedence dispute_escalation communication_contacts gmp_standard batch_disposition_release batch_record_review records_raw_data_access data_integrity_management reporting_detail change_control deviations_capa lab_controls_oos specifications materials_suppliers facilities_validation stability periodic_review_trending audits authority_inspections_queries regulatory_filings subcontracting knowledge_tech_transfer packaging_labelling storage_distribution complaints_returns recall retained_samples coa_certificates performance_monitoring safety_info_handoff""".split()
FUN={"qa","qc","regulatory","supply_chain","validation","msat","data_integrity","legal","pharmacovigilance","project_management"}
assert len(KEYS)==31,KEYS
errs=[]
tot={"rb":0,"al":0,"rep":0,"dc":0}
for proj,P in L["projects"].items():
    d=f"{base}/{proj}"
    files={f:open(f"{d}/{f}",encoding="utf-8").read().splitlines() for f in os.listdir(d)}
    used={}  # (file,lineno) -> item
    def check(f,p,who):
        if f not in files: errs.append(f"{proj}: missing file {f}"); return
        if not (25<=len(p)<=120): errs.append(f"{proj} {who}: len {len(p)}: {p}")
        hits=[i for i,l in enumerate(files[f]) if p in l]
        if len(hits)!=1: errs.append(f"{proj} {who}: {len(hits)} line hits in {f}: {p}"); return
        key=(f,hits[0])
        if key in used and used[key]!=who.split(':')[0]: errs.append(f"{proj}: {who} shares line with {used[key]}")
        used[key]=who.split(':')[0]
        # phrase must not occur in other files either for distinctiveness
        for g,ls in files.items():
            if g!=f and any(p in l for l in ls): errs.append(f"{proj} {who}: phrase also in {g}")
        return hits[0]
    ids=set()
    for r in P["roadblocks"]:
        tot["rb"]+=1
        assert r["id"] not in ids; ids.add(r["id"])
        if r["topic"] is not None and r["topic"] not in KEYS: errs.append(f"bad topic {r['topic']}")
        for e in r["experts"]:
            if e not in FUN: errs.append(f"bad expert {e}")
        for x in r["raised"]: check(x["file"],x["phrase"],r["id"]+":raised")
        if len({x["file"] for x in r["raised"]})>1: tot["rep"]+=1
        if r["status"]=="aligned":
            tot["al"]+=1
            a=r["aligned_by"]; check(a["file"],a["phrase"],r["id"]+":aligned")
            if not all(a["file"][:10]>x["file"][:10] for x in r["raised"]): errs.append(f"{r['id']} aligned not later")
        else:
            assert r["status"]=="open" and r["aligned_by"] is None
        if any("Quality Agreement" in x["file"] for x in r["raised"]): errs.append("raised in QAA")
    for i,dc in enumerate(P["decoys"]):
        tot["dc"]+=1
        check(dc["file"],dc["phrase"],f"{proj}-D{i+1}")
    g=P["gaps"]
    if set(g)!=set(KEYS): errs.append(f"{proj} gaps keys mismatch {set(KEYS)^set(g)}")
    for k,v in g.items():
        if v not in ("settled","no_owner","absent"): errs.append(f"bad gap value {k}")
        if v!="settled" and k not in P["gap_notes"]: errs.append(f"{proj} missing gap note {k}")
    for k in P["gap_notes"]:
        if g.get(k)=="settled": errs.append(f"{proj} gap note for settled {k}")
    print(proj, "rb",len(P["roadblocks"]),"aligned",sum(r["status"]=="aligned" for r in P["roadblocks"]),
          "repeated",sum(len({x['file'] for x in r['raised']})>1 for r in P["roadblocks"]),"decoys",len(P["decoys"]),
          "absent",sum(v=="absent" for v in g.values()),"no_owner",sum(v=="no_owner" for v in g.values()))
print(tot)
print("\n".join(errs) if errs else "ALL OK")
sys.exit(1 if errs else 0)
