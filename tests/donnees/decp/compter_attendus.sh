#!/bin/sh
# Nombres de contrats attendus, calculés SANS le kit (jq et awk seulement), pour tests/test_decp.py.
# Règle comptée : un contrat = une paire distincte (identifiant de l'acheteur, id), id non vide ;
# marchés et concessions comptés à part. Usage : sh compter_attendus.sh [FICHIER…] (défaut : ce dossier).
cd "$(dirname "$0")"
v15='
  def genre: if ((._type // "") | ascii_downcase | test("concession")) then "concession" else "marche" end;
  .marches as $m
  | {enregistrements: ($m | length),
     sans_id: ([$m[] | select((.id // "") == "")] | length),
     marches_avant: ([$m[] | select(genre == "marche" and (.id // "") != "")] | length),
     marches: ([$m[] | select(genre == "marche" and (.id // "") != "") | [(.acheteur.id // ""), .id]] | unique | length),
     concessions: ([$m[] | select(genre == "concession" and (.id // "") != "") | [(.autoriteConcedante.id // ""), .id]] | unique | length)}'
v20='
  {enregistrements: ((.marches.marche // [] | length) + (.marches["contrat-concession"] // [] | length)),
   marches: ([.marches.marche // [] | .[] | [.acheteur.id, .id]] | unique | length),
   concessions: ([.marches["contrat-concession"] // [] | .[] | [.autoriteConcedante.id, .id]] | unique | length)}'
for f in ${@:-reels/*.json officiels_2019/*.json officiels_2024/*.json}; do
  if jq -e '.marches | type == "array"' "$f" >/dev/null; then echo "$f $(jq -c "$v15" "$f")"
  else echo "$f $(jq -c "$v20" "$f")"; fi
done
# CSV tabulaires : paires (acheteur_id, id) distinctes ; pour l'exemple officiel, qui a la colonne
# donneesActuelles, seules les lignes « oui » (données actuelles) comptent.
awk -F, 'NR>1 {print $5 "|" $2}' reels/tabulaire_extrait.csv | sort -u | wc -l | sed 's/^/reels\/tabulaire_extrait.csv contrats (paires acheteur_id|id distinctes) : /'
awk 'END {print "reels/tabulaire_extrait.csv lignes : " NR-1}' reels/tabulaire_extrait.csv
grep -c ',oui,$' officiels_2024/decp-table-schema_exemple-valide.csv | sed 's/^/officiels_2024 csv lignes « oui » : /'
grep ',oui,$' officiels_2024/decp-table-schema_exemple-valide.csv | cut -d, -f2 | sort -u | wc -l | sed 's/^/officiels_2024 csv uid actuels distincts : /'
# Deux flux ensemble (PES et marches-publics.info publient en partie les mêmes contrats) :
jq -s '[.[].marches[] | select((._type // "Marché") == "Marché") | select((.id // "") != "") | [(.acheteur.id // ""), .id]] | unique | length' \
  reels/pes_extrait.json reels/mpi_extrait.json | sed 's/^/pes_extrait + mpi_extrait, paires distinctes : /'
