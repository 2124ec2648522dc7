// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 
// ignore_for_file: non_constant_identifier_names, constant_identifier_names

import 'package:colyseus/colyseus.dart';
import 'BalootSeat.dart';
import 'BidCall.dart';
import 'RaiseCall.dart';
import 'TrickState.dart';
import 'DeclaredProjects.dart';
import 'RevealedProject.dart';
import 'TableState.dart';

final class BalootState extends TableState {
  BalootState(super.handle);

  ArraySchema<BalootSeat> get seats => arrayOf('seats', BalootSeat.new);
  String get phase => view.getString('phase') ?? '';
  double get handNo => view['handNo'];
  double get dealer => view['dealer'];
  ArraySchema<double> get scores => primitiveArrayOf('scores');
  double get targetScore => view['targetScore'];
  String get profile => view.getString('profile') ?? '';
  double get toAct => view['toAct'];
  String get faceUp => view.getString('faceUp') ?? '';
  double get biddingRound => view['biddingRound'];
  String get biddingMode => view.getString('biddingMode') ?? '';
  ArraySchema<BidCall> get bids => arrayOf('bids', BidCall.new);
  double get hokumBidder => view['hokumBidder'];
  String get hokumSuit => view.getString('hokumSuit') ?? '';
  double get sunBidder => view['sunBidder'];
  String get contract => view.getString('contract') ?? '';
  String get trump => view.getString('trump') ?? '';
  double get buyer => view['buyer'];
  bool get ashkal => view.getBool('ashkal');
  double get faceUpTo => view['faceUpTo'];
  double get doublingLevel => view['doublingLevel'];
  bool get gahwa => view.getBool('gahwa');
  bool get closed => view.getBool('closed');
  double get doubler => view['doubler'];
  double get lastRaiser => view['lastRaiser'];
  String get doublingStep => view.getString('doublingStep') ?? '';
  ArraySchema<RaiseCall> get raises => arrayOf('raises', RaiseCall.new);
  double get trickNo => view['trickNo'];
  TrickState? get trick => refOf('trick', TrickState.new);
  TrickState? get lastTrick => refOf('lastTrick', TrickState.new);
  ArraySchema<double> get tricksWon => primitiveArrayOf('tricksWon');
  ArraySchema<double> get cardPoints => primitiveArrayOf('cardPoints');
  double get undealt => view['undealt'];
  double get lastTrickBonus => view['lastTrickBonus'];
  double get lastTrickBonusTeam => view['lastTrickBonusTeam'];
  ArraySchema<DeclaredProjects> get declaredProjects => arrayOf('declaredProjects', DeclaredProjects.new);
  bool get projectsRevealed => view.getBool('projectsRevealed');
  ArraySchema<RevealedProject> get revealedProjects => arrayOf('revealedProjects', RevealedProject.new);
  double get projectWinnerTeam => view['projectWinnerTeam'];
  double get balootBy => view['balootBy'];
}
